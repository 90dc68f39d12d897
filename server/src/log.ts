// Server log: goes to the client's output channel ("Kube Label Lint") via window/logMessage.
import type { Connection } from 'vscode-languageserver/node';

export class Logger {
  constructor(private readonly connection: Connection) {}

  info(message: string): void {
    this.connection.console.info(message);
  }

  warn(message: string): void {
    this.connection.console.warn(message);
  }

  error(message: string, e?: unknown): void {
    const detail = e instanceof Error ? `: ${e.stack ?? e.message}` : e !== undefined ? `: ${String(e)}` : '';
    this.connection.console.error(`${message}${detail}`);
  }
}
