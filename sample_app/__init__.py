"""The sample app: the seed's add-ons on an existing cluster, and on a cluster it creates."""
