package io.loomicorn.springboot.apps.sessions;

import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Puts a value in the session and reads it back, saying which worker answered. */
@RestController
public class SessionController {

    /** Created by Spring. */
    public SessionController() {
    }

    /**
     * Stores a value.
     *
     * @param value the value
     * @param session the session, created if needed
     * @return the worker's pid
     */
    @PostMapping("/session")
    public String put(@RequestParam String value, HttpSession session) {
        session.setAttribute("value", value);
        return "stored by " + ProcessHandle.current().pid();
    }

    /**
     * Reads the value.
     *
     * @param session the session, or none
     * @return {@code PID VALUE}, with {@code -} when there is no value
     */
    @GetMapping("/session")
    public String get(HttpSession session) {
        Object value = session.getAttribute("value");
        return ProcessHandle.current().pid() + " " + (value == null ? "-" : value);
    }
}
