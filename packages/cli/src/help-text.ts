const FILTERS = `Filters (combine with AND; a line that is not JSON matches none):
  --level LEVEL        this level and more severe: error, warn, info, debug, trace
  --target GLOB        target matches the glob (* any run, ? one character);
                       repeat to allow several: --target 'dynamo.http*'
  --request-id ID      request_id or x_request_id equals ID
  --trace-id ID        trace_id equals ID
  --since WHEN         at or after WHEN: a duration back from now (10m, 1h30m,
                       45s, 2d) or a time (2025-10-31T21:06:45Z)
  --until WHEN         before WHEN (same forms)
  --where KEY=VALUE    the attribute KEY equals VALUE (strings as they are,
                       other values as compact JSON: status_code=503,
                       request.outcome=error); repeat for several
`;

export const MAIN_HELP = `Usage: dynamo-logs <command> [options] [files...]

Reads Dynamo's JSONL log lines (from Rust, Python or TypeScript components)
from the files named, or standard input when there are none ("-" is standard
input too).

Commands:
  pretty     print lines in Dynamo's readable form, or select them (--format jsonl)
  validate   check every line against the line schema and the attribute registry
  stats      counts by level, target, error type and request id; the time span

Run "dynamo-logs <command> --help" for a command's options.
Exit codes: 0 done, 1 validate found a failing line, 2 bad usage or unreadable input.
`;

export const PRETTY_HELP = `Usage: dynamo-logs pretty [options] [files...]

Prints each line in Dynamo's readable form:
  2025-10-31T21:06:45.397194Z DEBUG dynamo.http: src/server.rs:230: Registering new stream method="POST" trace_id=... span_id=...
Lines that are not JSON pass through. Control characters (CR, LF, ESC...) in
messages, keys and values are printed as escapes (\\n, \\u001b), so no line can
be forged on the screen.

Options:
  -f, --follow         keep reading files as they grow (as tail -F), until Ctrl-C
  --format FORMAT      readable (default), or jsonl: the selected lines unchanged,
                       for another tool (lines that are not JSON are left out)
  --color WHEN         auto (default: on a terminal, unless NO_COLOR or
                       DYN_SDK_DISABLE_ANSI_LOGGING is set), always, never
  --no-color           same as --color never
  --progress           show the progress line on stderr even when it is not a terminal
  -h, --help           this text

${FILTERS}
Examples:
  kubectl logs deploy/frontend | dynamo-logs pretty
  dynamo-logs pretty --follow /var/log/dynamo/frontend.log
  dynamo-logs pretty --level warn --target 'dynamo.http*' --since 10m frontend.log
  dynamo-logs pretty --where request.outcome=error --format jsonl frontend.log | jq .uri
`;

export const VALIDATE_HELP = `Usage: dynamo-logs validate [options] [files...]

Checks each line against the Dynamo JSONL line schema and the attribute
registry of @dynamo-logging/semconv: required keys (time, level, message),
types, formats (time with six fractional digits, level names, trace ids), no
nulls, key order, one compact line. Keys the registry does not know, and other
spellings of registry keys, are warnings.

Prints one line per problem, "FILE:LINE: error: key "KEY": what is wrong",
then a summary. Exit code 1 when any line fails, 0 otherwise.

Options:
  -q, --quiet          print only the summary
  --no-warnings        leave the warnings out (they are still counted)
  --progress           show the progress line on stderr even when it is not a terminal
  -h, --help           this text

Examples:
  dynamo-logs validate captured.log
  my-component 2>&1 >/dev/null | dynamo-logs validate --quiet
`;

export const STATS_HELP = `Usage: dynamo-logs stats [options] [files...]

Counts lines by level, target and error type (exception.type), the request ids
(request_id, else x_request_id) with the most lines, and the time span from the
earliest to the latest time. Text, or JSON with --json.

Options:
  --json               the report as JSON
  --top N              how many targets, error types and request ids to list (10)
  --progress           show the progress line on stderr even when it is not a terminal
  -h, --help           this text

${FILTERS}
Examples:
  dynamo-logs stats frontend.log
  dynamo-logs stats --json --since 1h frontend.log | jq .levels
`;
