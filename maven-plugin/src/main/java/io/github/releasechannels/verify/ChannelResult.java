package io.github.releasechannels.verify;

import io.github.releasechannels.text.LogText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the version server serves for one channel (or {@code cmc.yaml}) compared with the source.
 *
 * @param name         the channel, or {@code cmc.yaml}
 * @param status       the verdict
 * @param detail       what was served, or why it is wrong, for the report line
 * @param cacheControl the {@code Cache-Control} served with {@code version}, if any
 * @param age          the {@code Age} served with {@code version}, if any
 * @param warnings     cache times longer than agents can wait for
 */
public record ChannelResult(String name, Status status, String detail, Optional<String> cacheControl,
        Optional<String> age, List<String> warnings) {

    /** The verdict for one channel. */
    public enum Status {
        IN_SYNC("in sync"), DRIFT("drift"), MISSING("missing"), ERROR("error");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What the server sent (a body, a header, an error naming its certificate) is kept escaped for the log. */
    public ChannelResult {
        detail = LogText.escape(detail);
        cacheControl = cacheControl.map(LogText::escape);
        age = age.map(LogText::escape);
        warnings = warnings.stream().map(LogText::escape).toList();
    }

    /** One report line, the name padded to {@code width}. */
    public String line(int width) {
        List<String> headers = new ArrayList<>();
        cacheControl.ifPresent(value -> headers.add("Cache-Control: " + value));
        age.ifPresent(value -> headers.add("Age: " + value));
        return String.format("%-" + width + "s  %-8s  %s%s", name, status.label(), detail,
                headers.isEmpty() ? "" : "  " + String.join(", ", headers));
    }
}
