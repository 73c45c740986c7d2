import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance, type Options } from 'ky';
import type * as z from 'zod/mini';
import { HttpError, isVitrineError, RequestError, ValidationError, VitrineError, type ProblemDetails } from '../errors.js';
import { parse } from '../validate.js';

export interface HttpOptions {
  /** Base URL of the platform API, e.g. `https://api.vitrine.example`. */
  api: string;
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout in ms. */
  timeout: number;
  /** Retries for idempotent requests (GET); POSTs are never retried here. */
  retry: number;
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

/** The one ky instance behind every resource. */
export function createHttp(options: HttpOptions): Http {
  const instance: KyInstance = ky.create({
    baseUrl: options.api.endsWith('/') ? options.api : `${options.api}/`,
    timeout: options.timeout,
    retry: { limit: options.retry, methods: ['get'], jitter: true, backoffLimit: 3000 },
    credentials: 'omit',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    async json(method, path, schema, requestOptions = {}) {
      const source = `${method.toUpperCase()} /${path}`;
      let data: unknown;
      try {
        const { json, headers, signal } = requestOptions;
        const options: Options = { method };
        if (json !== undefined) options.json = json;
        if (headers) options.headers = headers;
        if (signal) options.signal = signal;
        data = await instance(path, options).json();
      } catch (error) {
        throw toVitrineError(error, source);
      }
      return parse(schema, data, source);
    },
  };
}

/** Maps anything a request can throw to a `VitrineError` with a code. */
export function toVitrineError(error: unknown, source: string): VitrineError {
  if (isVitrineError(error)) return error;
  if (isHTTPError(error)) {
    const problem = typeof error.data === 'object' && error.data !== null ? (error.data as ProblemDetails) : undefined;
    return new HttpError(error.request, error.response, problem, { cause: error });
  }
  if (isTimeoutError(error)) return new RequestError('timeout', `${source} timed out`, error.request, { cause: error });
  if (isNetworkError(error)) return new RequestError('network', `${source} failed: network error`, error.request, { cause: error });
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new RequestError('aborted', `${source} was aborted`, undefined, { cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ValidationError(source, [{ message: 'the response body is not valid JSON' }]);
  }
  return new RequestError('network', `${source} failed: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
}
