"""Response shapes of the OCTO API, for its OpenAPI document (/octo/schema/) only: the bodies are
built by render.py. Field names are the standard's."""

from __future__ import annotations

from rest_framework import serializers

S = serializers


class ErrorSerializer(S.Serializer):
    error = S.ChoiceField(
        choices=[
            "INVALID_PRODUCT_ID",
            "INVALID_OPTION_ID",
            "INVALID_UNIT_ID",
            "INVALID_AVAILABILITY_ID",
            "INVALID_BOOKING_UUID",
            "BAD_REQUEST",
            "UNPROCESSABLE_ENTITY",
            "UNAUTHORIZED",
            "FORBIDDEN",
            "INTERNAL_SERVER_ERROR",
        ]
    )
    errorMessage = S.CharField()
    productId = S.CharField(required=False)
    optionId = S.CharField(required=False)
    unitId = S.CharField(required=False, allow_null=True)
    availabilityId = S.CharField(required=False)
    uuid = S.CharField(required=False)


class ContactSerializer(S.Serializer):
    website = S.CharField(allow_null=True)
    email = S.CharField(allow_null=True)
    telephone = S.CharField(allow_null=True)
    address = S.CharField(allow_null=True)


class SupplierSerializer(S.Serializer):
    id = S.CharField()
    name = S.CharField()
    endpoint = S.CharField()
    contact = ContactSerializer()


class PricingSerializer(S.Serializer):
    original = S.IntegerField(help_text="satang (THB, currencyPrecision 2)")
    retail = S.IntegerField()
    net = S.IntegerField()
    currency = S.CharField()
    currencyPrecision = S.IntegerField()
    includedTaxes = S.ListField(child=S.DictField())


class UnitPricingSerializer(PricingSerializer):
    unitId = S.CharField()


class UnitRestrictionsSerializer(S.Serializer):
    minAge = S.IntegerField()
    maxAge = S.IntegerField()
    idRequired = S.BooleanField()
    minQuantity = S.IntegerField(allow_null=True)
    maxQuantity = S.IntegerField(allow_null=True)
    paxCount = S.IntegerField()
    accompaniedBy = S.ListField(child=S.CharField())


class UnitSerializer(S.Serializer):
    id = S.CharField()
    internalName = S.CharField()
    reference = S.CharField(allow_null=True)
    type = S.ChoiceField(choices=["ADULT", "CHILD"])
    requiredContactFields = S.ListField(child=S.CharField())
    restrictions = UnitRestrictionsSerializer()
    title = S.CharField(required=False, help_text="octo/content")
    titlePlural = S.CharField(required=False)
    subtitle = S.CharField(required=False)
    pricingFrom = PricingSerializer(many=True, required=False, help_text="octo/pricing")


class OptionRestrictionsSerializer(S.Serializer):
    minUnits = S.IntegerField(allow_null=True)
    maxUnits = S.IntegerField(allow_null=True)


class ItineraryItemSerializer(S.Serializer):
    name = S.CharField()
    type = S.CharField()
    description = S.CharField(allow_blank=True, allow_null=True)
    address = S.CharField(allow_null=True)
    latitude = S.FloatField(allow_null=True)
    longitude = S.FloatField(allow_null=True)
    travelTime = S.CharField(allow_null=True)
    duration = S.CharField(allow_null=True)


class OptionSerializer(S.Serializer):
    id = S.CharField()
    default = S.BooleanField()
    internalName = S.CharField()
    reference = S.CharField(allow_null=True)
    availabilityLocalStartTimes = S.ListField(child=S.CharField())
    cancellationCutoff = S.CharField()
    cancellationCutoffAmount = S.IntegerField()
    cancellationCutoffUnit = S.CharField()
    requiredContactFields = S.ListField(child=S.CharField())
    restrictions = OptionRestrictionsSerializer()
    units = UnitSerializer(many=True)
    title = S.CharField(required=False, help_text="octo/content")
    language = S.CharField(required=False)
    shortDescription = S.CharField(required=False)
    duration = S.CharField(required=False)
    durationAmount = S.CharField(required=False)
    durationUnit = S.CharField(required=False)
    itinerary = ItineraryItemSerializer(many=True, required=False)
    pricingFrom = PricingSerializer(many=True, required=False, help_text="octo/pricing")


class ImageSerializer(S.Serializer):
    url = S.CharField()
    title = S.CharField(allow_null=True)
    caption = S.CharField(allow_null=True)


class DestinationSerializer(S.Serializer):
    id = S.CharField()
    default = S.BooleanField()
    name = S.CharField()
    country = S.CharField()
    latitude = S.FloatField(allow_null=True)
    longitude = S.FloatField(allow_null=True)


class ProductSerializer(S.Serializer):
    id = S.CharField()
    internalName = S.CharField()
    reference = S.CharField(allow_null=True)
    locale = S.CharField()
    timeZone = S.CharField()
    allowFreesale = S.BooleanField()
    instantConfirmation = S.BooleanField()
    instantDelivery = S.BooleanField()
    availabilityRequired = S.BooleanField()
    availabilityType = S.ChoiceField(choices=["START_TIME", "OPENING_HOURS"])
    deliveryFormats = S.ListField(child=S.CharField())
    deliveryMethods = S.ListField(child=S.CharField())
    redemptionMethod = S.CharField()
    options = OptionSerializer(many=True)
    title = S.CharField(required=False, help_text="octo/content")
    country = S.CharField(required=False)
    location = S.CharField(required=False)
    shortDescription = S.CharField(required=False)
    description = S.CharField(required=False)
    highlights = S.ListField(child=S.CharField(), required=False)
    inclusions = S.ListField(child=S.CharField(), required=False)
    exclusions = S.ListField(child=S.CharField(), required=False)
    bookingTerms = S.CharField(required=False, allow_null=True)
    redemptionInstructions = S.CharField(required=False)
    cancellationPolicy = S.CharField(required=False)
    destination = DestinationSerializer(required=False)
    coverImageUrl = S.CharField(required=False, allow_null=True)
    galleryImages = ImageSerializer(many=True, required=False)
    defaultCurrency = S.CharField(required=False, help_text="octo/pricing")
    availableCurrencies = S.ListField(child=S.CharField(), required=False)
    pricingPer = S.CharField(required=False)


class OpeningHoursSerializer(S.Serializer):
    to = S.CharField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = S.CharField()
        return fields


AVAILABILITY_STATUS = ["AVAILABLE", "FREESALE", "SOLD_OUT", "LIMITED", "CLOSED"]


class AvailabilitySerializer(S.Serializer):
    id = S.CharField()
    localDateTimeStart = S.CharField()
    localDateTimeEnd = S.CharField()
    allDay = S.BooleanField()
    available = S.BooleanField()
    status = S.ChoiceField(choices=AVAILABILITY_STATUS)
    vacancies = S.IntegerField(allow_null=True)
    capacity = S.IntegerField(allow_null=True)
    maxUnits = S.IntegerField(allow_null=True)
    utcCutoffAt = S.CharField()
    openingHours = OpeningHoursSerializer(many=True)
    unitPricing = UnitPricingSerializer(many=True, required=False, help_text="octo/pricing")
    pricing = PricingSerializer(required=False)


class CalendarDaySerializer(S.Serializer):
    localDate = S.DateField()
    available = S.BooleanField()
    status = S.ChoiceField(choices=AVAILABILITY_STATUS)
    vacancies = S.IntegerField(allow_null=True)
    capacity = S.IntegerField(allow_null=True)
    maxUnits = S.IntegerField(allow_null=True)
    openingHours = OpeningHoursSerializer(many=True)
    unitPricingFrom = UnitPricingSerializer(many=True, required=False, help_text="octo/pricing")


class BookingContactSerializer(S.Serializer):
    fullName = S.CharField(allow_null=True)
    firstName = S.CharField(allow_null=True)
    lastName = S.CharField(allow_null=True)
    emailAddress = S.CharField(allow_null=True)
    phoneNumber = S.CharField(allow_null=True)
    locales = S.ListField(child=S.CharField())
    postalCode = S.CharField(allow_null=True)
    country = S.CharField(allow_null=True)
    notes = S.CharField(allow_null=True)


class BookingAvailabilitySerializer(S.Serializer):
    id = S.CharField()
    localDateTimeStart = S.CharField()
    localDateTimeEnd = S.CharField()
    allDay = S.BooleanField()
    openingHours = OpeningHoursSerializer(many=True)


class CancellationSerializer(S.Serializer):
    refund = S.CharField()
    reason = S.CharField(allow_null=True)
    utcCancelledAt = S.CharField(allow_null=True)


class DeliveryOptionSerializer(S.Serializer):
    deliveryFormat = S.CharField()
    deliveryValue = S.CharField()


class VoucherSerializer(S.Serializer):
    redemptionMethod = S.CharField()
    utcDeliveredAt = S.CharField(allow_null=True)
    deliveryOptions = DeliveryOptionSerializer(many=True)


BOOKING_STATUS = ["ON_HOLD", "CONFIRMED", "EXPIRED", "CANCELLED", "REDEEMED", "PENDING", "REJECTED"]


class UnitItemSerializer(S.Serializer):
    uuid = S.CharField()
    unitId = S.CharField()
    unit = UnitSerializer()
    resellerReference = S.CharField(allow_null=True)
    supplierReference = S.CharField(allow_null=True)
    status = S.ChoiceField(choices=BOOKING_STATUS)
    utcRedeemedAt = S.CharField(allow_null=True)
    contact = BookingContactSerializer()
    ticket = S.DictField(allow_null=True)
    pricing = PricingSerializer(required=False, help_text="octo/pricing")


class BookingSerializer(S.Serializer):
    id = S.CharField()
    uuid = S.CharField()
    testMode = S.BooleanField()
    resellerReference = S.CharField(allow_null=True)
    supplierReference = S.CharField(allow_null=True)
    status = S.ChoiceField(choices=BOOKING_STATUS)
    utcCreatedAt = S.CharField()
    utcUpdatedAt = S.CharField(allow_null=True)
    utcExpiresAt = S.CharField(allow_null=True)
    utcRedeemedAt = S.CharField(allow_null=True)
    utcConfirmedAt = S.CharField(allow_null=True)
    productId = S.CharField()
    product = ProductSerializer()
    optionId = S.CharField()
    option = OptionSerializer()
    cancellable = S.BooleanField()
    cancellation = CancellationSerializer(allow_null=True)
    freesale = S.BooleanField()
    availabilityId = S.CharField(allow_null=True)
    availability = BookingAvailabilitySerializer(allow_null=True)
    contact = BookingContactSerializer()
    notes = S.CharField(allow_null=True)
    deliveryMethods = S.ListField(child=S.CharField())
    voucher = VoucherSerializer(allow_null=True)
    unitItems = UnitItemSerializer(many=True)
    pricing = PricingSerializer(required=False, help_text="octo/pricing")
