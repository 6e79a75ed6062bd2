import { type ChainReport, createChainVerifier } from './chain.js';
import type { AuditChainStore, VersionChainStore } from './ports.js';
import { createVersionVerifier } from './version-chain.js';

export interface AuditReport extends ChainReport {
  /** Saved versions (answers, decisions) checked; 0 when the store keeps none. */
  readonly versions: number;
}

/**
 * Reads a committee's audit chain (streamed, oldest first) and checks every link; then, where the
 * store keeps them, every saved version's chain (a save is audited by its own history row).
 */
export async function verifyAuditChain(
  store: AuditChainStore & Partial<VersionChainStore>,
  committeeId: string,
): Promise<AuditReport> {
  const { head, anchor } = await store.marks(committeeId);
  const verifier = createChainVerifier(head, anchor);
  if (head) for await (const row of store.rows(committeeId, anchor.seq, head.seq)) verifier.add(row);
  const chain = verifier.finish();
  if (!store.versionRows) return { ...chain, versions: 0 };
  const versions = createVersionVerifier();
  for await (const row of store.versionRows(committeeId)) versions.add(row);
  const checked = versions.finish();
  const problems = [...chain.problems, ...checked.problems];
  return { ...chain, ok: problems.length === 0, problems, versions: checked.versions };
}
