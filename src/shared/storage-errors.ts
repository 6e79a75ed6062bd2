/**
 * Errors every feature may see from storage. They live outside `storage/` so that features can
 * handle them without importing the storage implementation.
 */

/** Storage could not be reached or kept failing after retries; the user should try again later. */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
