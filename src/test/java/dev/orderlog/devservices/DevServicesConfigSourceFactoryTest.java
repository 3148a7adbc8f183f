package dev.orderlog.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevServicesConfigSourceFactoryTest {

    @Test
    void embeddedServicesRunInTheDevAndTestProfilesOnly() {
        assertThat(DevServicesConfigSourceFactory.runsDevServices(List.of("dev")))
                .isTrue();
        assertThat(DevServicesConfigSourceFactory.runsDevServices(List.of("test")))
                .isTrue();
        assertThat(DevServicesConfigSourceFactory.runsDevServices(List.of("prod")))
                .isFalse();
        assertThat(DevServicesConfigSourceFactory.runsDevServices(List.of("staging", "prod")))
                .isFalse();
    }
}
