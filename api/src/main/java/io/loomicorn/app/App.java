package io.loomicorn.app;

/**
 * An HTTP application: Loomicorn's counterpart of a WSGI callable.
 *
 * <p>A worker calls {@link #handle} once per request. The application reads the
 * {@link Request} and fills in the {@link Response}; when {@code handle} returns, the
 * worker completes the response (flushing, adding the terminating chunk) and moves on
 * to the next request of the connection.
 *
 * <p><b>Concurrency.</b> Under the {@code sync} worker class a process runs one
 * request at a time. Under {@code vthread} and {@code reactor} the same instance is
 * called concurrently from many threads, so an implementation must be thread-safe.
 * Under {@code reactor} requests with small bodies run on an I/O thread: keep such
 * handlers fast and non-blocking, or say that the application blocks with
 * {@link #isBlocking()}, and its requests run on virtual threads instead.
 *
 * <p><b>Errors.</b> An exception thrown before the response is committed becomes a
 * {@code 500 Internal Server Error}; its stack trace goes to the error log, never to
 * the client. An exception after the response is committed closes the connection.
 *
 * <p>Name an application on the command line either as {@code com.acme.Main:app}
 * (a public static field, or a public static no-argument method, that yields an
 * {@code App}) or as {@code com.acme.HelloApp} (a class with a public no-argument
 * constructor).
 *
 * <p><b>Lifetime.</b> Each worker process loads the application once, before it serves.
 * An application that implements {@link AutoCloseable} is closed when its worker exits,
 * after the last request and before the {@code worker_exit} hook. With {@code preload_app}
 * the master loads it once more, to check it, and closes it right away.
 */
@FunctionalInterface
public interface App {

    /**
     * Handles one request.
     *
     * <p>The request and response objects are valid only until this method returns;
     * an application must not keep them, or their headers, beyond that.
     *
     * @param request  the request; its body is read through {@link Request#body()}
     * @param response the response to fill in
     * @throws Exception any failure; see the class documentation for how it is answered
     */
    void handle(Request request, Response response) throws Exception;

    /**
     * Tells whether {@link #handle} may block: wait for I/O, a lock or another service, or
     * compute for long. Worker classes that run handlers on their event loop
     * ({@code reactor}) run a blocking application's requests on virtual threads instead.
     * The default is {@code false}.
     *
     * @return whether the application blocks
     */
    default boolean isBlocking() {
        return false;
    }
}
