package io.messagedispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modules are the top-level packages; each reaches into another only through its API
 * (the top-level package, or a named interface), none depends on itself through others,
 * and ARCHITECTURE.md says what they are.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(MessageDispatchApplication.class);

	private static final Pattern MODULE_ROW = Pattern.compile("^\\| `(\\w+)` \\|([^|]*)\\|", Pattern.MULTILINE);

	@Test
	void modulesUseOnlyEachOthersApisAndFormNoCycle() {
		MODULES.verify();
	}

	@Test
	void architectureDocumentNamesEveryModuleWithTheDependenciesItHas() throws IOException {
		Map<String, Set<String>> documented = new TreeMap<>();
		Matcher row = MODULE_ROW.matcher(Files.readString(Path.of("ARCHITECTURE.md")));
		while (row.find()) {
			documented.put(row.group(1),
					Arrays.stream(row.group(2).split(","))
						.map(name -> name.replace("`", "").trim())
						.filter(name -> !name.isEmpty())
						.collect(Collectors.toCollection(TreeSet::new)));
		}
		Map<String, Set<String>> actual = new TreeMap<>();
		for (ApplicationModule module : MODULES) {
			actual.put(module.getIdentifier().toString(),
					module.getDirectDependencies(MODULES)
						.uniqueModules()
						.map(dependency -> dependency.getIdentifier().toString())
						.collect(Collectors.toCollection(TreeSet::new)));
		}

		assertThat(documented).isEqualTo(actual);
	}

	@Test
	void writesTheModuleDiagramsAndCanvases() throws IOException {
		new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();

		Path output = Path.of("target", "spring-modulith-docs");
		assertThat(output.resolve("components.puml")).exists();
		assertThat(Files.readString(output.resolve("components.puml"))).contains("\"Dispatch\"", "\"Queue\"",
				"\"Message\"");
	}

}
