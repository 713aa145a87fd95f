package dev.sluice.task;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads {@code options.incremental.start_timestamp}: an ISO-8601 instant ({@code 2026-11-25T14:30:00Z},
 * {@code 2026-11-25T16:30:00.5+02:00}) or {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, UTC unless an offset follows.
 */
public final class StartTimestamp {
    /** The accepted forms, for error messages and docs. */
    public static final String FORMATS = "an ISO-8601 instant such as 2026-11-25T14:30:00Z or "
            + "2026-11-25T16:30:00.250+02:00, or 'YYYY-MM-DD HH:MM:SS[.ffffff]' such as 2026-11-25 14:30:00.250000 "
            + "(read as UTC unless an offset such as +02:00 or Z follows)";

    private static final Pattern SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})? ?([Zz]|[+-]\\d{2}(:?\\d{2})?)?");

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private StartTimestamp() {
    }

    /** The instant the text names; IllegalArgumentException naming the accepted forms when it names none. */
    public static Instant parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (!SHAPE.matcher(t).matches()) {
                throw new DateTimeParseException("unexpected shape", t, 0);
            }
            TemporalAccessor a = FORMAT.parse(t);
            if (a.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(a).toInstant();
            }
            return LocalDateTime.from(a).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("options.incremental.start_timestamp: '" + text + "' is not a time "
                    + "Sluice reads; use " + FORMATS, e);
        }
    }
}
