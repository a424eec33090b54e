package io.loomicorn.admin;

import io.loomicorn.config.Config;
import io.loomicorn.config.ConfigLoader;
import io.loomicorn.config.LoadResult;
import io.loomicorn.config.Settings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code loomicorn ctl}: sends one command to a running master's control socket and prints
 * the answer.
 *
 * <pre>
 * loomicorn ctl [--socket PATH | -c FILE] COMMAND [ARGS]
 *   status | workers | add [N] | remove [N] | reload | reopen-logs | stop [--graceful]
 * </pre>
 * The socket is {@code --socket}, else the {@code control_socket} of the config file
 * ({@code -c FILE}, {@code LOOMICORN_CMD_ARGS}, or {@code ./loomicorn.conf}). Exit codes: 0
 * when the master did it, 1 when it refused (an unknown command: one line on standard
 * error), 2 when no master answers.
 */
public final class Ctl {

    /** Exit code when the master answered with an error. */
    public static final int REFUSED = 1;
    /** Exit code when no master could be asked. */
    public static final int UNREACHABLE = 2;

    private static final String USAGE = "usage: loomicorn ctl [--socket PATH | -c FILE] COMMAND; commands: "
            + ControlCommand.USAGE;

    private Ctl() {
    }

    /**
     * Runs the command.
     *
     * @param args what follows {@code ctl} on the command line
     * @param env  the environment
     * @param cwd  the working directory
     * @param out  where the answer goes
     * @param err  where errors go
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        String socket = null;
        List<String> configArgs = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (command.isEmpty() && (a.equals("--socket") || a.equals("-s") || a.equals("-c") || a.equals("--config"))) {
                if (i + 1 == args.length) {
                    err.println("Error: " + a + " needs a value; " + USAGE);
                    return REFUSED;
                }
                if (a.equals("-c") || a.equals("--config")) {
                    configArgs.add("-c");
                    configArgs.add(args[++i]);
                } else {
                    socket = args[++i];
                }
            } else if (command.isEmpty() && (a.equals("-h") || a.equals("--help"))) {
                out.println(USAGE);
                return 0;
            } else {
                command.add(a);
            }
        }
        if (command.isEmpty()) {
            err.println("Error: no command; " + USAGE);
            return REFUSED;
        }
        String line = String.join(" ", command);
        try {
            ControlCommand.parse(line); // an unknown command needs no master to be refused
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return REFUSED;
        }
        if (socket == null) {
            Optional<String> configured;
            try {
                configured = configuredSocket(configArgs, env, cwd);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return REFUSED;
            }
            if (configured.isEmpty()) {
                err.println("Error: no control socket: pass --socket PATH, or set control_socket in the config file");
                return REFUSED;
            }
            socket = configured.get();
        }
        String answer;
        try {
            answer = ask(cwd.resolve(socket), line);
        } catch (IOException e) {
            err.println("Error: no master answers at " + socket + ": " + e.getMessage());
            return UNREACHABLE;
        }
        int newline = answer.indexOf('\n');
        String status = newline < 0 ? answer : answer.substring(0, newline);
        String text = newline < 0 ? "" : answer.substring(newline + 1);
        if (status.equals("OK")) {
            out.print(text);
            return 0;
        }
        err.print(text.isEmpty() ? "Error: the master sent no answer\n" : "Error: " + text);
        return REFUSED;
    }

    private static Optional<String> configuredSocket(List<String> configArgs, Map<String, String> env, Path cwd) {
        LoadResult result = ConfigLoader.load(configArgs.toArray(String[]::new), env, cwd);
        if (result instanceof LoadResult.Failure f) {
            throw new IllegalArgumentException(f.oneLine());
        }
        if (result instanceof LoadResult.Run(Config config)) {
            return config.get(Settings.CONTROL_SOCKET);
        }
        return Optional.empty();
    }

    /**
     * Sends one line and reads the answer to its end.
     *
     * @param socket the control socket
     * @param line   the command
     * @return the answer
     * @throws IOException if no master answers
     */
    static String ask(Path socket, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (ch.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
