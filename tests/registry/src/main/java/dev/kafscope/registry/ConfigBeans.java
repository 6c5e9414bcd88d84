package dev.kafscope.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.ArrayList;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

/* The bean the Apicurio config-index Quarkus extension would generate at build time (the
 * list of dynamic configuration properties); that extension's deployment module is not on
 * Maven Central, so it is supplied here: no dynamic properties. */
@ApplicationScoped
public class ConfigBeans {
    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(new ArrayList<>());
    }
}
