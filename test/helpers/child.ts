/**
 * Platform processes for the process suites and benchmarks: spawns a Node
 * script that prints "listening on http://127.0.0.1:PORT" once it serves.
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
export async function startPlatformChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<PlatformChild> {
  const child = spawn(process.execPath, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the platform did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(() => reject(new Error(`the platform exited:\n${output}`)));
  });
  return { process: child, url, exited, output: () => output };
}
