package io.loomicorn.http.parser;

/**
 * Limits and opt-in leniencies of the request parser (CONTRACT STUB: the parser owner
 * completes the javadoc, normalization and validation).
 *
 * @param limitRequestLine          max bytes of the request line; 0 = unlimited, capped at 8190
 * @param limitRequestFields        max header fields; 0 or more than 32768 = 32768
 * @param limitRequestFieldSize     max bytes of one header line; 0 = unlimited
 * @param limitRequestBody          max body bytes; 0 = unlimited; exceeded = 413
 * @param permitObsoleteFolding     accept obs-fold continuation lines
 * @param permitUnconventionalHttpMethod lift the method shape rule
 * @param permitUnconventionalHttpVersion accept versions outside 1.0 and 1.1
 * @param casefoldHttpMethod        upper-case methods
 * @param headerMap                 what to do with underscores in field names
 */
public record ParserConfig(
        int limitRequestLine,
        int limitRequestFields,
        int limitRequestFieldSize,
        long limitRequestBody,
        boolean permitObsoleteFolding,
        boolean permitUnconventionalHttpMethod,
        boolean permitUnconventionalHttpVersion,
        boolean casefoldHttpMethod,
        HeaderMap headerMap) {

    /** What to do with a field name that contains an underscore (gunicorn's {@code header_map}). */
    public enum HeaderMap {
        /** Drop the field silently (it still counts against the limits). */
        DROP,
        /** Refuse the request with 400. */
        REFUSE,
        /** Keep the field. */
        DANGEROUS
    }

    /** Returns gunicorn's defaults: 4094, 100, 8190, unlimited body, strict, {@code drop}. */
    public static ParserConfig defaults() {
        return new ParserConfig(4094, 100, 8190, 0, false, false, false, false, HeaderMap.DROP);
    }
}
