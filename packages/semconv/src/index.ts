export type {
  AttributeDefinition,
  AttributeType,
  AttributeValue,
  CheckResult,
  JsonlValidationResult,
  Placement,
  Requirement,
} from './types';
export {
  ATTRIBUTE_REGISTRY,
  ATTR_AVG_ITL_MS,
  ATTR_CODE_FILE_PATH,
  ATTR_CODE_FUNCTION_NAME,
  ATTR_CODE_LINE_NUMBER,
  ATTR_COMPONENT,
  ATTR_DECODE_WORKER_ID,
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_ENDPOINT,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HOST_NAME,
  ATTR_INPUT_TOKENS,
  ATTR_INSTANCE_ID,
  ATTR_LEVEL,
  ATTR_LORA_NAME,
  ATTR_METHOD,
  ATTR_MODEL,
  ATTR_NAMESPACE,
  ATTR_OPERATION,
  ATTR_OUTPUT_TOKENS,
  ATTR_PARENT_ID,
  ATTR_PREFILL_WORKER_ID,
  ATTR_PROCESS_PID,
  ATTR_REQUEST_ID,
  ATTR_REQUEST_OUTCOME,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_SPAN_ID,
  ATTR_SPAN_NAME,
  ATTR_STATUS_CODE,
  ATTR_TRACESTATE,
  ATTR_TRACE_ID,
  ATTR_TTFT_MS,
  ATTR_URI,
  ATTR_VERSION,
  ATTR_WORKER_ID,
  ATTR_X_REQUEST_ID,
  REGISTRY_VERSION,
} from './generated/attributes';
export type { AttributeKey } from './generated/attributes';
export { canonicalKey, isLabelSafe, lookupAttribute, requiredResourceKeys } from './lookup';
export { checkAttributeValue } from './check-value';
export { LINE_HEAD_KEYS } from './jsonl/build-line-schema';
export { compareLineKeys } from './jsonl/key-order';
export { JSONL_LINE_SCHEMA } from './jsonl/line-schema';
export { validateJsonlLine } from './jsonl/validate-line';
