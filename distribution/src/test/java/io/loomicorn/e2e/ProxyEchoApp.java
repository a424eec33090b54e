package io.loomicorn.e2e;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A test application that routes on {@link Request#pathInfo()}, as an application mounted
 * under a path must: {@code /whoami} answers one {@code key=value} line per thing a proxy
 * can change, {@code /login} redirects to {@code /welcome} with an absolute URL built from
 * the request, as frameworks do.
 */
public final class ProxyEchoApp {

    private ProxyEchoApp() {
    }

    /** The application. */
    public static final App APP = (request, response) -> {
        switch (request.pathInfo()) {
            case "/whoami" -> {
                StringBuilder sb = new StringBuilder();
                line(sb, "scheme", request.scheme());
                line(sb, "secure", String.valueOf(request.isSecure()));
                line(sb, "remote", describe(request.remoteAddress()));
                line(sb, "peer", describe(request.peerAddress()));
                line(sb, "server", request.serverName() + ":" + request.serverPort());
                line(sb, "script_name", request.scriptName());
                line(sb, "path_info", request.pathInfo());
                line(sb, "tls", request.proxyTls().map(t -> t.protocol() + " sni=" + t.serverName().orElse("-"))
                        .orElse("-"));
                line(sb, "headers", String.valueOf(request.headers().contains("SCRIPT_NAME")));
                response.headers().set("Content-Type", "text/plain");
                response.send(sb.toString());
            }
            case "/login" -> {
                response.status(302);
                response.headers().set("Location", absolute(request, "/welcome"));
                response.send("");
            }
            default -> {
                response.status(404);
                response.send("not found: " + request.pathInfo());
            }
        }
    };

    /** The URL of {@code path} under the application's mount point, as the client addresses it. */
    static String absolute(Request request, String path) {
        int port = request.serverPort();
        boolean defaultPort = port == (request.isSecure() ? 443 : 80);
        return request.scheme() + "://" + request.serverName() + (defaultPort ? "" : ":" + port)
                + request.scriptName() + path;
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress) {
            return "unix";
        }
        return String.valueOf(address);
    }
}
