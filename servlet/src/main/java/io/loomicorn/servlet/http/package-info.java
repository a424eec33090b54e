/**
 * HTTP syntax that several layers of the container share and that holds no servlet state:
 * the parts of a {@code Content-Type} value, and {@code ClientError}, the mark of a failure
 * that is the client's fault (400, 413). The bottom layer: it names no other package of the
 * container.
 */
package io.loomicorn.servlet.http;
