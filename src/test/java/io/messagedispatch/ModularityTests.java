package io.messagedispatch;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modules are the top-level packages; each reaches into another only through its API
 * (the top-level package, or a named interface), and none depends on itself through
 * others.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(MessageDispatchApplication.class);

	@Test
	void modulesUseOnlyEachOthersApisAndFormNoCycle() {
		MODULES.verify();
	}

	@Test
	void writesTheModuleDiagramsAndCanvases() throws Exception {
		Documenter documenter = new Documenter(MODULES);
		documenter.writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();

		Path output = Path.of("target", "spring-modulith-docs");
		assertThat(output.resolve("components.puml")).exists();
		assertThat(Files.readString(output.resolve("components.puml"))).contains("\"Dispatch\"", "\"Queue\"",
				"\"Message\"");
	}

}
