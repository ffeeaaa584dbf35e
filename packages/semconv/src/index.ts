export const SEMCONV_OK = 1;
