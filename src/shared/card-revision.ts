/**
 * The version of a stored answer a card was made from (its `rev`), read from the card's data:
 * every card that saves carries it, so a change made meanwhile is seen as a conflict. Card data is
 * untrusted: anything but a non-negative integer is no revision.
 */
export function cardRevision(data: Readonly<Record<string, unknown>>): number | null {
  const rev = data.rev;
  return typeof rev === 'number' && Number.isInteger(rev) && rev >= 0 ? rev : null;
}
