package io.loomicorn.servlet.request;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The request body as a {@link ServletInputStream}, over the App API's body stream.
 *
 * <p>Reads block. A {@link ReadListener} is supported for applications that use one, in
 * the simplest conforming way: since a read never needs to wait for the event loop, the
 * listener is called on a virtual thread with {@code isReady()} always true, then
 * {@code onAllDataRead} once the body ends.
 */
public final class BodyInput extends ServletInputStream {

    private final InputStream in;
    private final Consumer<Runnable> asyncRunner;
    private boolean finished;
    private ReadListener listener;
    private IOException failure;

    /**
     * @param in          the App API's body stream
     * @param asyncRunner runs a listener's callbacks off the request thread; throws
     *                    {@link IllegalStateException} when the request is not asynchronous
     */
    BodyInput(InputStream in, Consumer<Runnable> asyncRunner) {
        this.in = in;
        this.asyncRunner = asyncRunner;
    }

    @Override
    public int read() throws IOException {
        if (finished) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            finished = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            finished = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return finished ? 0 : in.available();
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        if (readListener == null) {
            throw new NullPointerException("readListener");
        }
        if (listener != null) {
            throw new IllegalStateException("a ReadListener is already set");
        }
        asyncRunner.accept(() -> {
            try {
                if (!finished) {
                    readListener.onDataAvailable();
                }
                while (!finished) {
                    if (read() >= 0) {
                        throw new IOException("the ReadListener left unread data");
                    }
                }
                readListener.onAllDataRead();
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
                readListener.onError(e);
            }
        });
        listener = readListener;
    }

    /** Returns the failure a ReadListener met, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        in.close();
        finished = true;
    }
}
