import type * as z from 'zod/mini';
import { HttpError, isVitrineError, RequestError, ValidationError, type ProblemDetails } from '../errors.js';
import { parse } from '../validate.js';

/*
 * The one HTTP layer behind every resource: fetch with a per-attempt timeout,
 * retries with backoff for GETs only, and every failure mapped to a
 * VitrineError. Written on fetch rather than ky: ky 2 weighs 8.9 KB gzip, more
 * than this SDK's whole core budget, for the handful of features used here.
 */

export interface HttpOptions {
  /** Base URL of the platform API, e.g. `https://api.vitrine.example`. */
  api: string;
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout in ms. */
  timeout: number;
  /** Retries for idempotent requests (GET); POSTs are never retried here. */
  retry: number;
  /** Waits between retries (tests inject a fake). Default: `setTimeout`. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Per-call options every resource method accepts. */
export interface CallOptions {
  /** Aborts the request; the promise rejects with code `aborted`. */
  signal?: AbortSignal | undefined;
}

export interface RequestOptions extends CallOptions {
  json?: unknown;
  headers?: Record<string, string> | undefined;
}

export interface Http {
  /** Sends a request and validates the JSON response with `schema`. */
  json<S extends z.ZodMiniType>(method: 'get' | 'post', path: string, schema: S, options?: RequestOptions): Promise<z.infer<S>>;
}

/** Statuses worth retrying for an idempotent request. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 3000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHttp(options: HttpOptions): Http {
  const base = options.api.replace(/\/+$/, '');
  const sleep = options.sleep ?? defaultSleep;

  async function attempt(request: Request, signal: AbortSignal | undefined): Promise<Response> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeout);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await (options.fetch ?? fetch)(request, { signal: controller.signal });
    } catch (error) {
      if (signal?.aborted) throw new RequestError('aborted', `${request.method} ${request.url} was aborted`, request, { cause: error });
      if (timedOut) throw new RequestError('timeout', `${request.method} ${request.url} timed out after ${options.timeout} ms`, request, { cause: error });
      throw new RequestError('network', `${request.method} ${request.url} failed: network error`, request, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    async json(method, path, schema, requestOptions = {}) {
      const { json, headers, signal } = requestOptions;
      const source = `${method.toUpperCase()} /${path.split('?')[0]}`;
      const init: RequestInit = { method: method.toUpperCase(), credentials: 'omit', headers: { accept: 'application/json', ...headers } };
      if (json !== undefined) {
        init.body = JSON.stringify(json);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      const retries = method === 'get' ? options.retry : 0;
      for (let retry = 0; ; retry++) {
        const request = new Request(`${base}/${path}`, init);
        let response: Response;
        try {
          response = await attempt(request, signal);
        } catch (error) {
          if (retry < retries && isVitrineError(error, 'network')) {
            await sleep(backoff(retry));
            continue;
          }
          throw error;
        }
        if (response.ok) return parse(schema, await readJson(response, source), source);
        if (retry < retries && RETRY_STATUSES.has(response.status)) {
          await response.body?.cancel();
          await sleep(retryAfter(response) ?? backoff(retry));
          continue;
        }
        throw new HttpError(request, response, await readProblem(response));
      }
    },
  };
}

/** Exponential backoff with full jitter: random in [0, min(3 s, 300 ms × 2^retry)]. */
function backoff(retry: number): number {
  return Math.random() * Math.min(MAX_BACKOFF_MS, 300 * 2 ** retry);
}

/** A `Retry-After` in seconds, capped; `undefined` when absent or an HTTP date. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return response.headers.has('retry-after') && Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_BACKOFF_MS) : undefined;
}

async function readJson(response: Response, source: string): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    throw new ValidationError(source, [{ message: `the response body is not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
}

/** The RFC 9457 body of an error response, when there is one. */
async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null ? (body as ProblemDetails) : undefined;
  } catch {
    return undefined;
  }
}
