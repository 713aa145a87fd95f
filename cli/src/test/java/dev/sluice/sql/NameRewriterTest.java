package dev.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.NameMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameRewriterTest {
    private final SchemaCatalog catalog = new SchemaCatalog()
            .add("shop", "film", List.of("film_id", "title", "description"))
            .add("shop", "film_text", List.of("film_id", "title", "description"))
            .add("shop", "actor", List.of("actor_id", "name"))
            .add("other", "t", List.of("id", "title"));
    private final NameMapping mapping = new NameMapping(
            Map.of("shop", "store"),
            Map.of("shop.film", "movie"),
            Map.of("shop.film.title", "name", "shop.film_text.description", "body"));
    private final NameRewriter rewriter = new NameRewriter(mapping, catalog);

    @Test
    void viewBodyFromShowCreateView() {
        String sql = "select `f`.`film_id` AS `film_id`,`f`.`title` AS `title`,'film title' AS `c` "
                + "from (`shop`.`film` `f` join `shop`.`film_text` on((`shop`.`film_text`.`film_id` = `f`.`film_id`)))";
        NameRewriter.Result r = rewriter.rewrite(sql, NameRewriter.Context.of("shop"));
        assertEquals("select `f`.`film_id` AS `film_id`,`f`.`name` AS `title`,'film title' AS `c` "
                + "from (`store`.`movie` `f` join `store`.`film_text` on((`store`.`film_text`.`film_id` = `f`.`film_id`)))",
                r.sql());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
    }

    @Test
    void triggerBodyWithNewOldAndUnqualifiedColumns() {
        String sql = "CREATE TRIGGER ins AFTER INSERT ON film FOR EACH ROW BEGIN\n"
                + "  -- copy title\n  INSERT INTO film_text (film_id, title, description)\n"
                + "    VALUES (new.film_id, new.title, NEW.description);\n"
                + "  UPDATE film_text SET description = 'title' WHERE film_id = old.film_id;\nEND";
        NameRewriter.Result r = rewriter.rewrite(sql, NameRewriter.Context.trigger("shop", "film"));
        assertEquals("CREATE TRIGGER ins AFTER INSERT ON `movie` FOR EACH ROW BEGIN\n"
                + "  -- copy title\n  INSERT INTO film_text (film_id, title, `body`)\n"
                + "    VALUES (new.film_id, new.`name`, NEW.description);\n"
                + "  UPDATE film_text SET `body` = 'title' WHERE film_id = old.film_id;\nEND", r.sql());
    }

    @Test
    void routineParametersAndLocalsAreNotColumns() {
        String sql = "CREATE PROCEDURE p(IN title VARCHAR(10), OUT n INT) BEGIN DECLARE description TEXT;"
                + " SELECT COUNT(*) INTO n FROM film WHERE film.title = title AND description IS NULL; END";
        NameRewriter.Result r = rewriter.rewrite(sql, NameRewriter.Context.of("shop"));
        assertEquals("CREATE PROCEDURE p(IN title VARCHAR(10), OUT n INT) BEGIN DECLARE description TEXT;"
                + " SELECT COUNT(*) INTO n FROM `movie` WHERE `movie`.`name` = title AND description IS NULL; END", r.sql());
    }

    @Test
    void ambiguousUnqualifiedColumnIsReportedNotGuessed() {
        String sql = "SELECT title FROM film, other.t";
        NameRewriter.Result r = rewriter.rewrite(sql, NameRewriter.Context.of("shop"));
        assertEquals("SELECT title FROM `movie`, other.t", r.sql());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).contains("title"), r.problems().toString());
    }

    @Test
    void dynamicSqlInAStringIsReported() {
        String sql = "SET @s = 'SELECT * FROM film'; PREPARE st FROM @s;";
        NameRewriter.Result r = rewriter.rewrite(sql, NameRewriter.Context.of("shop"));
        assertFalse(r.changed());
        assertTrue(r.problems().get(0).contains("shop.film"), r.problems().toString());
    }

    @Test
    void functionsKeywordsAndExpressionFromAreLeftAlone() {
        String sql = "SELECT EXTRACT(YEAR FROM title), title(x), shop.f(1) FROM shop.film AS m WHERE m.title > 'a'";
        NameRewriter.Result r = rewriter.rewrite(sql, NameRewriter.Context.of("x"));
        assertEquals("SELECT EXTRACT(YEAR FROM `name`), title(x), `store`.f(1) FROM `store`.`movie` AS m WHERE m.`name` > 'a'",
                r.sql());
    }

    @Test
    void noMappingMeansNoChange() {
        NameRewriter none = new NameRewriter(NameMapping.NONE, catalog);
        String sql = "SELECT title FROM film";
        assertEquals(sql, none.rewrite(sql, NameRewriter.Context.of("shop")).sql());
    }
}
