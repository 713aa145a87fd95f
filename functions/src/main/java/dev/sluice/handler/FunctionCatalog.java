package dev.sluice.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Funqy functions of this application by name, and a way to call one with a JSON payload: used by the
 * local Step Functions runner (in-process "Lambda" calls) and by the Lambda entry point.
 */
public final class FunctionCatalog {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, Target> functions = new TreeMap<>();

    private record Target(Class<?> beanClass, Method method) {
    }

    /** Finds every {@code @Funq} method of the CDI beans in this package. */
    public static FunctionCatalog discover() {
        FunctionCatalog c = new FunctionCatalog();
        Set<Bean<?>> beans = Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE);
        for (Bean<?> b : beans) {
            Class<?> type = b.getBeanClass();
            if (!type.getPackageName().equals(FunctionCatalog.class.getPackageName())) {
                continue;
            }
            for (Method m : type.getMethods()) {
                Funq f = m.getAnnotation(Funq.class);
                if (f != null) {
                    c.functions.put(functionName(m), new Target(type, m));
                }
            }
        }
        return c;
    }

    /** The function name Funqy uses: the annotation's value, else the method name. */
    public static String functionName(Method m) {
        Funq f = m.getAnnotation(Funq.class);
        return f == null || f.value().isEmpty() ? m.getName() : f.value();
    }

    public Set<String> names() {
        return functions.keySet();
    }

    /**
     * Calls a function: the payload is converted to its parameter type, the result to JSON. An exception thrown by
     * the function is rethrown as is (the caller turns it into a Lambda-style error).
     */
    public JsonNode invoke(String name, JsonNode payload) throws Exception {
        Target t = functions.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no function named '" + name + "'; known: " + functions.keySet());
        }
        Object bean = Arc.container().instance(t.beanClass()).get();
        Object[] args = new Object[t.method().getParameterCount()];
        if (args.length == 1) {
            args[0] = JSON.convertValue(payload, t.method().getParameterTypes()[0]);
        }
        try {
            return JSON.valueToTree(t.method().invoke(bean, args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
