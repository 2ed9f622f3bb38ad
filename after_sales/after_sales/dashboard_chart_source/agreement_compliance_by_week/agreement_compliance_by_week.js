frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Agreement Compliance by Week"] = {
	method: "after_sales.after_sales.dashboard_chart_source.agreement_compliance_by_week.agreement_compliance_by_week.get",
	filters: [],
};
