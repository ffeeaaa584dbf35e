// Type-checked (never run) by run.sh against the installed packages with skipLibCheck off: the
// declarations we publish must compile in an application on either OTel line, whichever line built them.
import { captureConsole, DynamoJsonlExporter, LogContainer, SeverityNumber, type OtelLogRecord } from '@dynamo-logging/core';
import { createElasticContainer, ElasticLogRecordExporter } from '@dynamo-logging/exporter-elastic';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';

const container = LogContainer.start({ resource: { 'service.name': 'scratch' }, exporter: new DynamoJsonlExporter() });
new TracerProvider({ spanProcessors: [container.spanProcessor()] });
const record: OtelLogRecord = { severityNumber: SeverityNumber.INFO, body: 'typed' };
container.loggerProvider.getLogger('scratch').emit(record);
captureConsole({ loggerProvider: container.loggerProvider });
new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new ElasticLogRecordExporter({ url: 'http://127.0.0.1:9' }) })] });
createElasticContainer({ url: 'http://127.0.0.1:9', processors: [], exitHooks: false });
