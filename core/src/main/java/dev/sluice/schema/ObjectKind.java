package dev.sluice.schema;

import java.util.Locale;

/** The kinds of schema object Sluice reads from the source and creates on the destination. */
public enum ObjectKind {
    DATABASE, TABLE, VIEW, PROCEDURE, FUNCTION, TRIGGER, EVENT, INDEX, FOREIGN_KEY;

    /** The word used in SQL ({@code PROCEDURE}) and reports ({@code procedure}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
