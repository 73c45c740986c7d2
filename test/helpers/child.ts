/**
 * Child processes for the process suites and benchmarks: spawns a Node
 * script and waits until it prints the URL it serves (the platform prints
 * "listening on http://127.0.0.1:PORT").
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A started platform process. */
export interface PlatformChild {
  process: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  /** The last 20,000 characters it printed (stdout and stderr). */
  output(): string;
}

/** Spawns `node <args>` and resolves once it listens (60 s at most); rejects with its output when it exits first. */
export function startPlatformChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<PlatformChild> {
  return startChild(args, { env, name: 'the platform', ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/, timeout: 60_000 });
}

/**
 * Spawns `node <args>` and resolves once its output matches `ready` (whose
 * first group is the URL it serves); rejects with its output when it exits
 * first or after `timeout` ms.
 */
export async function startChild(args: readonly string[], options: { ready: RegExp; name: string; timeout: number; env?: NodeJS.ProcessEnv }): Promise<PlatformChild> {
  const child = spawn(process.execPath, [...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start:\n${output}`)), options.timeout);
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = options.ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(() => reject(new Error(`${options.name} exited:\n${output}`)));
  });
  return { process: child, url, exited, output: () => output };
}
