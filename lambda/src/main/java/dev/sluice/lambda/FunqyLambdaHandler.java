package dev.sluice.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.handler.FunctionCatalog;
import dev.sluice.handler.InvocationBudget;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * AWS Lambda entry point: serves the one Funqy function named by {@code QUARKUS_FUNQY_EXPORT} (config
 * {@code quarkus.funqy.export}), as quarkus-funqy-amazon-lambda does; the same package backs every Lambda.
 */
@Named("sluice")
public class FunqyLambdaHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private volatile FunctionCatalog catalog;

    public FunqyLambdaHandler() {
    }

    /** With a given catalog instead of the CDI container's functions (in-process tests). */
    FunqyLambdaHandler(FunctionCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String name = ConfigProvider.getConfig().getOptionalValue("quarkus.funqy.export", String.class)
                .orElseThrow(() -> new IllegalStateException(
                        "QUARKUS_FUNQY_EXPORT is not set; set it to the function this Lambda serves"));
        if (catalog == null) {
            catalog = FunctionCatalog.discover();
        }
        JsonNode payload = JSON.readTree(input);
        InvocationBudget.begin(context.getRemainingTimeInMillis());
        try {
            JSON.writeValue(output, catalog.invoke(name, payload));
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            InvocationBudget.end();
        }
    }
}
