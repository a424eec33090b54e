package io.loomicorn.servlet.bootstrap;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @HandlesTypes} matching from class files, without initialising anything. */
class TypeScannerTest {

    /** A handled interface. */
    public interface Handled {
    }

    /** A handled annotation. */
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Marked {
    }

    /** Implements it directly; initialising it would fail the test. */
    public static class Direct implements Handled {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("TypeScanner initialised a class");
            }
        }
    }

    /** Implements it through its superclass. */
    public static final class Indirect extends Direct {
    }

    /** Through an interface that extends it. */
    public interface Sub extends Handled {
    }

    /** Implements the sub-interface. */
    public static final class ViaSub implements Sub {
    }

    /** Annotated. */
    @Marked
    public static final class Annotated {
    }

    /** Unrelated. */
    public static final class Unrelated {
    }

    /** A servlet: its supertypes are outside the scanned directory (in the Servlet API jar). */
    public static final class AServlet extends jakarta.servlet.http.HttpServlet {
    }

    @Test
    void findsSubtypesAndAnnotatedClassesByTheirClassFiles() {
        Path classes = Path.of("target", "test-classes");
        TypeScanner scanner = TypeScanner.scan(List.of(classes), getClass().getClassLoader());
        assertThat(scanner.size()).isPositive();
        Set<String> found = scanner.matching(Set.of(Handled.class, Marked.class));
        String p = TypeScannerTest.class.getName() + "$";
        assertThat(found).contains(p + "Direct", p + "Indirect", p + "Sub", p + "ViaSub", p + "Annotated")
                .doesNotContain(p + "Unrelated", p + "Handled", p + "Marked");
        assertThat(scanner.matching(Set.of(jakarta.servlet.Servlet.class))).contains(p + "AServlet");
    }
}
