package io.messagedispatch.message;

import java.util.List;

import io.messagedispatch.message.web.MessageRequest;
import io.messagedispatch.message.web.MessageView;
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

	@Test
	void numbersQuotedInTextAreMaskedAndOtherDigitsLeftAlone() {
		assertThat(PhoneNumbers.maskWithin("{\"to\":\"+905551111111\",\"alt\":\"905552222222\"}"))
			.isEqualTo("{\"to\":\"+90555*****11\",\"alt\":\"905552****22\"}");
		assertThat(PhoneNumbers.maskWithin("id 6650a1b2c3d4e5f601234567, code 123456, ref 12345678901234567890"))
			.isEqualTo("id 6650a1b2c3d4e5f601234567, code 123456, ref 12345678901234567890");
		assertThat(PhoneNumbers.maskWithin(null)).isNull();
	}

	@Test
	void messagesPrintMaskedNumbersAndNoContent() {
		Message message = MessageBuilder.aMessage().phoneNumber("+905551111111").content("Your code is 1234").build();

		assertThat(List.of(message.toString(), MessageView.of(message).toString(),
				new MessageRequest("+905551111111", "Your code is 1234").toString()))
			.allSatisfy(text -> assertThat(text).contains("+90555*****11", "(17 characters)")
				.doesNotContain("+905551111111", "1234"));
	}

}
