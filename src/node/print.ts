// Writing to stdout before process.exit(): a pipe is written asynchronously, and exiting before the
// write has gone out cuts a large JSON document short. Every CLI prints through this.
export function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}
