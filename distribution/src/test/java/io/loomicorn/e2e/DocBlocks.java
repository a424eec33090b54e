package io.loomicorn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Examples that the docs show and the tests run: the fenced block after a {@code <!-- TEST: NAME -->} marker. */
final class DocBlocks {

    private DocBlocks() {
    }

    /** The repository's root directory. */
    static Path root() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        return root;
    }

    /**
     * The first block fenced as {@code lang} after {@code <!-- test: name -->} in {@code doc}.
     *
     * @param doc  the document, relative to the repository's root
     * @param test the test that reads it, as the marker names it
     * @param name the example's name in the marker
     * @param lang the fence's language
     */
    static String read(String doc, String test, String name, String lang) throws IOException {
        String text = Files.readString(root().resolve(doc));
        int marker = text.indexOf("<!-- " + test + ": " + name + " -->");
        assertThat(marker).as("%s marks its %s example for %s", doc, name, test).isPositive();
        Matcher m = Pattern.compile("```" + lang + "\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find(marker)).isTrue();
        return m.group(1);
    }
}
