/**
 * Domain step: run a request at most once per `Idempotency-Key`.
 */
import { sha256Hex } from '../../internal/ids.js';
import { PlatformProblem } from '../problem.js';
import type { PlatformStore, StoredResponse } from '../store/store.js';

/** Input of {@link withIdempotencyKey}. */
export interface IdempotentRequest {
  /** Who the key belongs to (keys of different scopes never collide), e.g. the creator id. */
  scope: string;
  /** The client's `Idempotency-Key`. */
  key: string;
  /** The request's meaning, e.g. its validated body as JSON: the same key with another request is refused. */
  request: string;
}

/** The response to send, and whether it is a replay of an earlier one. */
export interface IdempotentResponse extends StoredResponse {
  replayed: boolean;
}

/**
 * Runs `run` once per key: the first request claims the key, runs and stores
 * its response; a later request with the same key and request gets that
 * response again (`replayed`). Refuses with a `PlatformProblem`: 422
 * `idempotency_conflict` for the same key with a different request, 409
 * `idempotency_in_progress` while the first is still running. When `run`
 * throws, the claim is released so that the client may retry.
 */
export async function withIdempotencyKey(
  store: PlatformStore,
  input: IdempotentRequest,
  run: () => Promise<StoredResponse>,
): Promise<IdempotentResponse> {
  const fingerprint = await sha256Hex(input.request);
  const previous = await store.claimIdempotencyKey(input.scope, input.key, fingerprint);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      throw new PlatformProblem(422, 'idempotency_conflict', 'This Idempotency-Key was used with a different request body');
    }
    if (!previous.response) throw new PlatformProblem(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is in progress');
    return { ...previous.response, replayed: true };
  }
  try {
    const response = await run();
    await store.completeIdempotencyKey(input.scope, input.key, response);
    return { ...response, replayed: false };
  } catch (error) {
    await store.releaseIdempotencyKey(input.scope, input.key);
    throw error;
  }
}
