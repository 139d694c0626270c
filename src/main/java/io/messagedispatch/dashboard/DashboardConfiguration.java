package io.messagedispatch.dashboard;

import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where the dashboard is: {@code /} and {@code /dashboard} lead to {@code /dashboard/},
 * which is the page ({@code static/dashboard/index.html}), its script and styles beside
 * it, each served with {@link DashboardHeaders}. The bearer token guards only the API's
 * paths, so the page loads without one and asks for it when the API does.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

	static final String PATH = "/dashboard/";

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/", PATH).setStatusCode(HttpStatus.FOUND);
		registry.addRedirectViewController("/dashboard", PATH).setStatusCode(HttpStatus.FOUND);
		registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
	}

	@Bean
	FilterRegistrationBean<DashboardHeaders> dashboardHeaders() {
		FilterRegistrationBean<DashboardHeaders> registration = new FilterRegistrationBean<>(new DashboardHeaders());
		registration.setUrlPatterns(List.of(PATH + "*"));
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

}
