import { normaliseLevel, type DynamoLevel } from './level';
import type { LogRecordObject } from './parse-record';
import { timeMicros } from './time-value';
import { TopCounter, type Counted } from './top-counter';

export interface StatsReport {
  readonly lines: number;
  readonly records: number;
  /** Lines that are not a JSON object. */
  readonly notJson: number;
  /** Records per Dynamo level; `other` has a level this tool does not know, or none. */
  readonly levels: Record<DynamoLevel | 'other', number>;
  readonly targets: Counted[];
  /** By `exception.type`. */
  readonly errorTypes: Counted[];
  /** By `request_id`, or `x_request_id` on records without one. */
  readonly topRequestIds: Counted[];
  /** True when more distinct values came than counted exactly (see TopCounter). */
  readonly approximate: boolean;
  /** Earliest and latest `time` seen (whatever the order of the lines), and the seconds between. */
  readonly timeSpan: { readonly first: string; readonly last: string; readonly seconds: number } | null;
}

/** Accumulates the counts of `stats`, one record at a time, in bounded memory. */
export class StatsCollector {
  private lines = 0;
  private records = 0;
  private notJson = 0;
  private readonly levels: Record<DynamoLevel | 'other', number> = { ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, TRACE: 0, other: 0 };
  private readonly targets = new TopCounter(1000);
  private readonly errorTypes = new TopCounter(1000);
  private readonly requestIds = new TopCounter(10_000);
  private first: { micros: number; text: string } | undefined;
  private last: { micros: number; text: string } | undefined;

  addLine(record: LogRecordObject | undefined): void {
    this.lines++;
    if (record === undefined) {
      this.notJson++;
      return;
    }
    this.records++;
    this.levels[normaliseLevel(record['level']) ?? 'other']++;
    const target = record['target'];
    if (typeof target === 'string') this.targets.add(target);
    const errorType = record['exception.type'];
    if (typeof errorType === 'string') this.errorTypes.add(errorType);
    const requestId = record['request_id'] ?? record['x_request_id'];
    if (typeof requestId === 'string') this.requestIds.add(requestId);
    const time = record['time'];
    const micros = timeMicros(time);
    if (micros !== undefined) {
      const text = typeof time === 'string' ? time : new Date(micros / 1000).toISOString();
      if (this.first === undefined || micros < this.first.micros) this.first = { micros, text };
      if (this.last === undefined || micros > this.last.micros) this.last = { micros, text };
    }
  }

  /** A line the filters left out still counts as read. */
  skipLine(): void {
    this.lines++;
  }

  report(top: number): StatsReport {
    return {
      lines: this.lines,
      records: this.records,
      notJson: this.notJson,
      levels: { ...this.levels },
      targets: this.targets.top(top),
      errorTypes: this.errorTypes.top(top),
      topRequestIds: this.requestIds.top(top),
      approximate: this.targets.approximate || this.errorTypes.approximate || this.requestIds.approximate,
      timeSpan:
        this.first === undefined || this.last === undefined
          ? null
          : { first: this.first.text, last: this.last.text, seconds: Math.round(this.last.micros - this.first.micros) / 1e6 },
    };
  }
}
