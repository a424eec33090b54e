package io.loomicorn.springboot.apps.rest;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** With the profile {@code broken}, the context fails to start, as it does when a database is down. */
@Component
@Profile("broken")
public class BrokenOnPurpose {

    /** Fails. */
    public BrokenOnPurpose() {
        throw new IllegalStateException("the database is unreachable");
    }
}
