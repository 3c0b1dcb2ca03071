// Every message to and from an upstream server goes to the message log, as the connections' do,
// with the server's secrets masked: what we send is `out`, what it sends is `in`.
import type {
  JSONRPCMessage,
  MessageExtraInfo,
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/client';
import type { MessageLog, MessageMeta } from '../messages/message-log.ts';

export class TappedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  private readonly inner: Transport;
  private readonly log: MessageLog;
  private readonly meta: MessageMeta;
  private readonly mask: (text: string) => string;

  constructor(
    inner: Transport,
    log: MessageLog,
    meta: MessageMeta,
    mask: (text: string) => string,
  ) {
    this.inner = inner;
    this.log = log;
    this.meta = meta;
    this.mask = mask;
    // Its requests left unanswered will never be: the log pairs nothing more with them.
    inner.onclose = () => {
      log.forgetConnection(meta.connection);
      this.onclose?.();
    };
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message, extra) => {
      this.record('in', message);
      this.onmessage?.(message, extra);
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion = (version: string): void => this.inner.setProtocolVersion?.(version);

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.record('out', message);
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private record(direction: 'in' | 'out', message: JSONRPCMessage): void {
    this.log.record(this.meta, direction, JSON.parse(this.mask(JSON.stringify(message))));
  }
}
