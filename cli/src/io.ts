// Where a command writes and which folder it runs in: the process by default, a buffer in tests.

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Folder that relative paths (arguments and output) are relative to. */
  cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
  };
}

/** An IO that keeps what is written (tests, and commands that post-process another's output). */
export function bufferIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
