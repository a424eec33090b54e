/**
 * {@code multipart/form-data} bodies (RFC 7578): a streaming parser that keeps large parts
 * in temporary files, the parts as {@code Part}s, and {@code MultipartForm}, the parts of
 * one request under a servlet's {@code MultipartConfigElement}. It works on a stream and
 * names only {@code servlet.http}.
 */
package io.loomicorn.servlet.multipart;
