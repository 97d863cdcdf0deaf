// Writing to stdout before process.exit(): a pipe is written asynchronously, and exiting before the
// write has gone out cuts a large JSON document short. Every CLI prints through this.
import type { Engine } from '../db/engine';

export function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

/**
 * A command's work on its engine: the exit code the work returns, or 1 with the error's message on
 * stderr (never a stack trace for a user's bad file); the engine closed either way.
 */
export async function onEngine(engine: Engine, work: (engine: Engine) => Promise<number>): Promise<number> {
  try {
    return await work(engine);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await engine.close();
  }
}
