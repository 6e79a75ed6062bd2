import { type ChainReport, createChainVerifier } from './chain.js';
import type { AuditChainStore } from './ports.js';

/** Reads a committee's audit chain (streamed, oldest first) and checks every link. */
export async function verifyAuditChain(store: AuditChainStore, committeeId: string): Promise<ChainReport> {
  const { head, anchor } = await store.marks(committeeId);
  const verifier = createChainVerifier(head, anchor);
  if (head) for await (const row of store.rows(committeeId, anchor.seq, head.seq)) verifier.add(row);
  return verifier.finish();
}
