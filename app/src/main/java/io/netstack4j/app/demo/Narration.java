package io.netstack4j.app.demo;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The demo's words in one language, from {@code Narration_<lang>.properties} beside this class (UTF-8,
 * as {@link ResourceBundle} reads properties files since Java 9). A text names its values,
 * {@code {seq}}, and {@link #t} fills them in: no {@link java.text.MessageFormat}, so apostrophes need
 * no escaping and numbers get no grouping separators (a sequence number reads as on the wire).
 */
final class Narration {
    /** The languages there are bundles for. */
    static final List<String> LANGUAGES = List.of("en", "ja", "ko");

    private final ResourceBundle bundle;
    private final String lang;

    private Narration(String lang) {
        this.lang = lang;
        this.bundle = ResourceBundle.getBundle("io.netstack4j.app.demo.Narration", Locale.of(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** @throws IllegalArgumentException for a language without a bundle */
    static Narration of(String lang) {
        if (!LANGUAGES.contains(lang)) {
            throw new IllegalArgumentException("--lang takes one of " + String.join(", ", LANGUAGES) + ", not " + lang);
        }
        return new Narration(lang);
    }

    String lang() {
        return lang;
    }

    /** The text of {@code key} with each {@code {name}} replaced: {@code namesAndValues} alternate. */
    String t(String key, Object... namesAndValues) {
        String s;
        try {
            s = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("narration " + lang + " has no text for " + key, e);
        }
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate: " + key);
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            s = s.replace("{" + namesAndValues[i] + "}", String.valueOf(namesAndValues[i + 1]));
        }
        return s;
    }

    /** Whether the bundle has {@code key}. */
    boolean has(String key) {
        return bundle.containsKey(key);
    }
}
