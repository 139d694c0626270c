package io.messagedispatch.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTests {

	@Test
	void keepsTheCountryAndOperatorPrefixAndTheLastTwoDigits() {
		assertThat(PhoneNumbers.mask("+905551111111")).isEqualTo("+90555*****11");
	}

	@Test
	void masksShortAndMissingNumbersWhole() {
		assertThat(PhoneNumbers.mask("+12345")).isEqualTo("******");
		assertThat(PhoneNumbers.mask(null)).isEqualTo("null");
	}

}
