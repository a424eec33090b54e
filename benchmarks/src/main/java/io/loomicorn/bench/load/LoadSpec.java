package io.loomicorn.bench.load;

import java.time.Duration;

/**
 * What one load run sends: GET requests for {@code path} to {@code 127.0.0.1:port}.
 *
 * @param port          the loopback port
 * @param path          the request target
 * @param keepAlive     false sends {@code Connection: close} and opens a connection per request
 * @param connections   concurrent connections
 * @param duration      how long to send
 * @param timeout       a request slower than this counts as a timeout
 * @param rate          requests per second for an open-loop run; 0 for closed-loop
 * @param maxRequests   stop after this many requests (Java generator)
 * @param responseBytes the size of one response, for estimating progress; 0 if unknown
 */
public record LoadSpec(int port, String path, boolean keepAlive, int connections, Duration duration,
                       Duration timeout, long rate, long maxRequests, long responseBytes) {

    /** Returns this spec with another duration. */
    public LoadSpec withDuration(Duration d) {
        return new LoadSpec(port, path, keepAlive, connections, d, timeout, rate, maxRequests, responseBytes);
    }
}
