import { escapeControl } from './escape-text';
import type { StatsReport } from './stats-collector';
import type { Counted } from './top-counter';

function counted(list: readonly Counted[]): string {
  if (list.length === 0) return '  (none)\n';
  const width = Math.max(...list.map((c) => String(c.count).length));
  return list.map((c) => `  ${String(c.count).padStart(width)}  ${escapeControl(c.key)}\n`).join('');
}

/** The `stats` report as text for a person. */
export function statsText(report: StatsReport): string {
  const { levels, timeSpan } = report;
  let out = `lines      ${report.lines} (${report.records} records, ${report.notJson} not JSON)\n`;
  out += timeSpan === null ? 'time span  (no times)\n' : `time span  ${escapeControl(timeSpan.first)} .. ${escapeControl(timeSpan.last)} (${timeSpan.seconds} s)\n`;
  out += `levels     ERROR ${levels.ERROR}  WARN ${levels.WARN}  INFO ${levels.INFO}  DEBUG ${levels.DEBUG}  TRACE ${levels.TRACE}`;
  out += levels.other > 0 ? `  other ${levels.other}\n` : '\n';
  out += 'targets\n' + counted(report.targets);
  out += 'error types (exception.type)\n' + counted(report.errorTypes);
  out += 'top request ids (request_id, else x_request_id), by lines\n' + counted(report.topRequestIds);
  if (report.approximate) out += 'note: more distinct values than counted exactly; the counts above may be low\n';
  return out;
}
