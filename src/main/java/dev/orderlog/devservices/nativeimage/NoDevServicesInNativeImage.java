package dev.orderlog.devservices.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import io.smallrye.config.ConfigSourceContext;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A native image is a packaged application, which runs in the prod profile and leaves out the embedded PostgreSQL:
 * dev services never run there, so neither they nor what they would start are compiled into it.
 */
@TargetClass(className = "dev.orderlog.devservices.DevServicesConfigSourceFactory")
final class NoDevServicesInNativeImage {

    @Substitute
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of();
    }
}
