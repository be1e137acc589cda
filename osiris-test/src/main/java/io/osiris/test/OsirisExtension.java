package io.osiris.test;

import io.osiris.api.connector.ConnectorProvider;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link OsirisPipelineTest}: it hands each test method (and its
 * {@code @BeforeEach} methods) a {@link PipelineHarness} parameter in a fresh temporary
 * directory, and deletes that directory after the test. The connector types on the class path
 * are looked up once per test class.
 *
 * <pre>{@code
 * @ExtendWith(OsirisExtension.class)
 * class TopMoviesTest {
 *     @Test
 *     void run(PipelineHarness osiris) { ... }
 * }
 * }</pre>
 */
public final class OsirisExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OsirisExtension.class);
    private static final String HARNESS = "harness";
    private static final String PROVIDERS = "providers";

    /** Created by JUnit. */
    public OsirisExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PipelineHarness.class && context.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        PipelineHarness harness = store.get(HARNESS, PipelineHarness.class);
        if (harness == null) {
            harness = PipelineHarness.temporary(providers(context));
            store.put(HARNESS, harness);
        }
        return harness;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        PipelineHarness harness = context.getStore(NAMESPACE).remove(HARNESS, PipelineHarness.class);
        if (harness != null) {
            harness.close();
        }
    }

    /** The class path's connector providers, read once per test class (they are stateless). */
    private static List<ConnectorProvider> providers(ExtensionContext context) {
        ExtensionContext.Store classStore = context.getParent().orElse(context).getStore(NAMESPACE);
        @SuppressWarnings("unchecked")
        List<ConnectorProvider> providers = classStore.get(PROVIDERS, List.class);
        if (providers == null) {
            providers = StandIns.classPath();
            classStore.put(PROVIDERS, providers);
        }
        return providers;
    }
}
