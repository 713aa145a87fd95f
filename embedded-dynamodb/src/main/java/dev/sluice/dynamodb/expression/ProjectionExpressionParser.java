package dev.sluice.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/** Parses a ProjectionExpression: a comma-separated list of document paths. */
public final class ProjectionExpressionParser extends ExpressionParser {
    private ProjectionExpressionParser(String text, ExpressionContext context) {
        super("ProjectionExpression", text, context);
    }

    public static List<Path> parse(String text, ExpressionContext context) {
        ProjectionExpressionParser p = new ProjectionExpressionParser(text, context);
        List<Path> paths = new ArrayList<>();
        paths.add(p.parsePath());
        while (p.peek().is(Token.Kind.COMMA)) {
            p.next();
            paths.add(p.parsePath());
        }
        p.expectEnd();
        return paths;
    }
}
