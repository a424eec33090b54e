package io.loomicorn.servlet.context;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextLoaderTest {

    private final ClassLoader app = new URLClassLoader("app", new URL[0], getClass().getClassLoader());

    @Test
    void theStepSeesTheApplicationsLoaderAndTheThreadGetsItsOwnBack() {
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        ClassLoader seen = ContextLoader.call(app, () -> Thread.currentThread().getContextClassLoader());
        assertThat(seen).isSameAs(app);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(own);
    }

    @Test
    void aFailingStepStillRestoresTheThreadsLoaderAndItsExceptionPassesThrough() {
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        assertThatThrownBy(() -> ContextLoader.run(app, () -> {
            throw new IOException("listener failed");
        })).isInstanceOf(IOException.class).hasMessage("listener failed");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(own);
    }
}
