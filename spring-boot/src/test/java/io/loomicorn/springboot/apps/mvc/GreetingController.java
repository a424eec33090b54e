package io.loomicorn.springboot.apps.mvc;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.Callable;

/** JSON in and out, a path variable, and an asynchronous {@code Callable}. */
@RestController
public class GreetingController {

    /** Created by Spring. */
    public GreetingController() {
    }

    /**
     * A greeting.
     *
     * @param name who
     * @return JSON
     */
    @GetMapping("/greet/{name}")
    public Map<String, String> greet(@PathVariable String name) {
        return Map.of("greeting", "Hello, " + name);
    }

    /**
     * Echoes a JSON object with a count of its fields.
     *
     * @param body the object
     * @return JSON
     */
    @PostMapping("/echo")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> echo(@RequestBody Map<String, Object> body) {
        return Map.of("fields", body.size(), "body", body);
    }

    /**
     * Answered from Spring MVC's async executor.
     *
     * @return the callable
     */
    @GetMapping("/later")
    public Callable<Map<String, String>> later() {
        return () -> Map.of("thread", Thread.currentThread().isVirtual() ? "virtual" : "platform", "async", "yes");
    }
}
