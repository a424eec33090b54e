package io.loomicorn.http.parser;

import java.util.Objects;

/**
 * Limits and opt-in leniencies of the request parser, after gunicorn's settings of the same
 * names.
 *
 * <p>The canonical constructor normalises the limits the way the settings document them, so
 * that the components always hold the effective values:
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>component</th><th>gunicorn setting</th><th>default</th><th>normalisation</th>
 *       <th>when exceeded</th></tr>
 *   <tr><td>{@code limitRequestLine}</td><td>{@code limit_request_line}</td><td>4094</td>
 *       <td>0 = unlimited (still bounded by {@link #HARD_LINE_LIMIT}); above
 *       {@link #MAX_REQUEST_LINE} capped to it</td><td>414 URI Too Long</td></tr>
 *   <tr><td>{@code limitRequestFields}</td><td>{@code limit_request_fields}</td><td>100</td>
 *       <td>0 or above {@link #MAX_REQUEST_FIELDS} becomes {@link #MAX_REQUEST_FIELDS}</td>
 *       <td>431</td></tr>
 *   <tr><td>{@code limitRequestFieldSize}</td><td>{@code limit_request_field_size}</td>
 *       <td>8190</td><td>0 = unlimited (still bounded by {@link #HARD_LINE_LIMIT}; gunicorn
 *       maps 0 to 8190, Loomicorn does what the setting says); above
 *       {@link #HARD_LINE_LIMIT} capped to it</td><td>431</td></tr>
 *   <tr><td>{@code limitRequestBody}</td><td>none in gunicorn</td><td>0</td>
 *       <td>0 = unlimited</td><td>413 Content Too Large</td></tr>
 * </table>
 *
 * <p>The request line limit counts the bytes of the line without its CRLF. The field size
 * limit counts one field line <em>with</em> its CRLF and, when obsolete line folding is
 * permitted, every continuation line with its CRLF too (gunicorn's accounting). The whole
 * head is bounded by {@link #maxHeadBytes()}, at most {@link #HARD_HEAD_LIMIT}, so the
 * parser never buffers without bound even with every limit set to "unlimited". Negative
 * limits are rejected with {@link IllegalArgumentException}.
 *
 * @param limitRequestLine          max bytes of the request line without CRLF; 0 = unlimited
 * @param limitRequestFields        max header fields (dropped fields count too)
 * @param limitRequestFieldSize     max bytes of one field line with its CRLF; 0 = unlimited
 * @param limitRequestBody          max body bytes; 0 = unlimited
 * @param permitObsoleteFolding     accept obs-fold continuation lines (RFC 9112 §5.2) and
 *                                  join them with one SP, instead of answering 400
 * @param permitUnconventionalHttpMethod lift the method shape rule (3 to 20 characters, no
 *                                  lowercase letter, no {@code #}); the method must still
 *                                  be a token
 * @param permitUnconventionalHttpVersion accept a well-formed {@code HTTP/D.D} whose major
 *                                  version is not 1: major 0 is served as HTTP/1.0, major 2
 *                                  and above as HTTP/1.1, instead of answering 505
 * @param casefoldHttpMethod        upper-case the method after it was checked
 * @param headerMap                 what to do with an underscore in a field name
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

    /** The largest request line limit that can be configured (gunicorn's {@code MAX_REQUEST_LINE}). */
    public static final int MAX_REQUEST_LINE = 8190;

    /** The largest number of header fields that can be configured (gunicorn's {@code MAX_HEADERS}). */
    public static final int MAX_REQUEST_FIELDS = 32768;

    /** The bound of one line (request line or field line) when its limit is "unlimited": 64 KiB. */
    public static final int HARD_LINE_LIMIT = 64 * 1024;

    /** The bound of a whole request head (or trailer section), whatever the limits: 1 MiB. */
    public static final int HARD_HEAD_LIMIT = 1024 * 1024;

    /** What to do with a field name that contains an underscore (gunicorn's {@code header_map}). */
    public enum HeaderMap {
        /**
         * Drop the field silently; it still counts against the limits. The default: a
         * CGI-style consumer maps {@code -} to {@code _}, so {@code X_Forwarded_For} could
         * otherwise pass as {@code X-Forwarded-For}.
         */
        DROP,
        /** Refuse the request with 400. */
        REFUSE,
        /** Keep the field (gunicorn's behaviour before 22.0). */
        DANGEROUS
    }

    /**
     * Normalises the limits as the class documentation describes.
     *
     * @throws IllegalArgumentException if a limit is negative
     * @throws NullPointerException if {@code headerMap} is null
     */
    public ParserConfig {
        if (limitRequestLine < 0 || limitRequestFields < 0 || limitRequestFieldSize < 0
                || limitRequestBody < 0) {
            throw new IllegalArgumentException("parser limits must not be negative: line="
                    + limitRequestLine + " fields=" + limitRequestFields + " fieldSize="
                    + limitRequestFieldSize + " body=" + limitRequestBody);
        }
        Objects.requireNonNull(headerMap, "headerMap");
        if (limitRequestLine > MAX_REQUEST_LINE) {
            limitRequestLine = MAX_REQUEST_LINE;
        }
        if (limitRequestFields == 0 || limitRequestFields > MAX_REQUEST_FIELDS) {
            limitRequestFields = MAX_REQUEST_FIELDS;
        }
        if (limitRequestFieldSize > HARD_LINE_LIMIT) {
            limitRequestFieldSize = HARD_LINE_LIMIT;
        }
    }

    /** Returns gunicorn's defaults: 4094, 100, 8190, unlimited body, strict, {@code DROP}. */
    public static ParserConfig defaults() {
        return new ParserConfig(4094, 100, 8190, 0, false, false, false, false, HeaderMap.DROP);
    }

    /**
     * Returns the effective request line limit: {@link #limitRequestLine()}, or
     * {@link #HARD_LINE_LIMIT} when it is 0 (unlimited).
     *
     * @return the largest accepted request line, in bytes without CRLF
     */
    public int effectiveRequestLineLimit() {
        return limitRequestLine == 0 ? HARD_LINE_LIMIT : limitRequestLine;
    }

    /**
     * Returns the effective field size limit: {@link #limitRequestFieldSize()}, or
     * {@link #HARD_LINE_LIMIT} when it is 0 (unlimited).
     *
     * @return the largest accepted field line, in bytes with its CRLF
     */
    public int effectiveFieldSizeLimit() {
        return limitRequestFieldSize == 0 ? HARD_LINE_LIMIT : limitRequestFieldSize;
    }

    /**
     * Returns the effective body limit: {@link #limitRequestBody()}, or
     * {@link Long#MAX_VALUE} when it is 0 (unlimited).
     *
     * @return the largest accepted body, in bytes
     */
    public long effectiveBodyLimit() {
        return limitRequestBody == 0 ? Long.MAX_VALUE : limitRequestBody;
    }

    /**
     * Returns the most bytes the parser buffers for one request head, and for one trailer
     * section: one ignored leading empty line, the request line with CRLF, the largest
     * allowed number of the largest allowed field lines, and the final CRLF; never more
     * than {@link #HARD_HEAD_LIMIT}. A head that does not fit is answered with 431.
     *
     * @return the bound of the parser's head buffer, in bytes
     */
    public int maxHeadBytes() {
        long bound = 2L + effectiveRequestLineLimit() + 2L
                + (long) limitRequestFields * effectiveFieldSizeLimit() + 2L;
        return (int) Math.min(bound, HARD_HEAD_LIMIT);
    }

    /**
     * Returns a copy with another request line limit.
     *
     * @param value the new limit, normalised like the constructor does
     * @return a new configuration
     */
    public ParserConfig withLimitRequestLine(int value) {
        return new ParserConfig(value, limitRequestFields, limitRequestFieldSize, limitRequestBody,
                permitObsoleteFolding, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy with another field count limit.
     *
     * @param value the new limit, normalised like the constructor does
     * @return a new configuration
     */
    public ParserConfig withLimitRequestFields(int value) {
        return new ParserConfig(limitRequestLine, value, limitRequestFieldSize, limitRequestBody,
                permitObsoleteFolding, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy with another field size limit.
     *
     * @param value the new limit, normalised like the constructor does
     * @return a new configuration
     */
    public ParserConfig withLimitRequestFieldSize(int value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, value, limitRequestBody,
                permitObsoleteFolding, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy with another body limit.
     *
     * @param value the new limit in bytes; 0 = unlimited
     * @return a new configuration
     */
    public ParserConfig withLimitRequestBody(long value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, limitRequestFieldSize, value,
                permitObsoleteFolding, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy that does or does not permit obsolete line folding.
     *
     * @param value {@code true} to join obs-fold continuation lines
     * @return a new configuration
     */
    public ParserConfig withPermitObsoleteFolding(boolean value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, limitRequestFieldSize,
                limitRequestBody, value, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy that does or does not permit unconventional methods.
     *
     * @param value {@code true} to accept any token as a method
     * @return a new configuration
     */
    public ParserConfig withPermitUnconventionalHttpMethod(boolean value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, limitRequestFieldSize,
                limitRequestBody, permitObsoleteFolding, value,
                permitUnconventionalHttpVersion, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy that does or does not permit unconventional versions.
     *
     * @param value {@code true} to accept major versions other than 1
     * @return a new configuration
     */
    public ParserConfig withPermitUnconventionalHttpVersion(boolean value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, limitRequestFieldSize,
                limitRequestBody, permitObsoleteFolding, permitUnconventionalHttpMethod,
                value, casefoldHttpMethod, headerMap);
    }

    /**
     * Returns a copy that does or does not upper-case methods.
     *
     * @param value {@code true} to upper-case the method
     * @return a new configuration
     */
    public ParserConfig withCasefoldHttpMethod(boolean value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, limitRequestFieldSize,
                limitRequestBody, permitObsoleteFolding, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, value, headerMap);
    }

    /**
     * Returns a copy with another underscore policy.
     *
     * @param value what to do with an underscore in a field name
     * @return a new configuration
     */
    public ParserConfig withHeaderMap(HeaderMap value) {
        return new ParserConfig(limitRequestLine, limitRequestFields, limitRequestFieldSize,
                limitRequestBody, permitObsoleteFolding, permitUnconventionalHttpMethod,
                permitUnconventionalHttpVersion, casefoldHttpMethod, value);
    }
}
