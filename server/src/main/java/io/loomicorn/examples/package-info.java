/**
 * The bundled applications: {@link io.loomicorn.examples.HelloApp} for plaintext
 * benchmarks and {@link io.loomicorn.examples.DemoApp}, whose routes the tests, the
 * benchmarks and the README rely on.
 */
package io.loomicorn.examples;
